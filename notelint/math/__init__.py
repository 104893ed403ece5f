"""Mathematics: relations in the notes, translated to SymPy and checked in worker processes.

Importing this package does not import SymPy; only the worker side
(``latex_sympy``, ``verify``) does.
"""
