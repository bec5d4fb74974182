"""The API's routers: books inside v1 inside api."""
