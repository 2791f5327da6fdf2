"""Importing records from Excel workbooks: open safely, read a sheet, map columns, check and match rows, write."""
