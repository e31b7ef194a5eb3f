# No models: this module exists so that post_migrate reaches SecurityConfig (apps.py),
# which creates the cache table after each migrate.
