"""graph/io"""
