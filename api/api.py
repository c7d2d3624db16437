"""The public JSON API (Django Ninja): OpenAPI schema at /api/v1/openapi.json, human docs at /api/v1/docs."""

from ninja import NinjaAPI

api = NinjaAPI(title="Trouve ton X API", version="1.0.0", urls_namespace="api")
