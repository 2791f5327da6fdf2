"""The quarterly round trip with the departments and regional centres: templates out, returned workbooks read back
as proposals, the officer's decisions written per unit, and who has replied."""
