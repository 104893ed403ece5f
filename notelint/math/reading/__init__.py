"""Reading the LaTeX of math spans once: the math model, its vocabulary, macros, relation chains, and the trees sent to the CAS worker."""
