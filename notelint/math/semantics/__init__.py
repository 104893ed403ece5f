"""What the symbols mean: extraction, the glossary (the one symbol table), shapes, analysis."""
