"""graph/analysis"""
