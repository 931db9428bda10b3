"""graph/storage"""
