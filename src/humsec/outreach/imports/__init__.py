"""Reading what focal points upload: narrative replies (.docx, Markdown) and structured
initiatives (.xlsx, .csv). Pure functions returning plain dataclasses; no models here."""
