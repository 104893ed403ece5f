"""The CAS worker side: LaTeX tree -> SymPy translation and the decisions. The only package that imports SymPy."""
