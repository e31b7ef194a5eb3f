"""United Nations documents: the compilation (letter and annex), its family and renderers."""
