"""`humsec backup FILE` and `humsec restore FILE`: the database and the uploaded files in
one archive with a manifest (archive.py)."""
