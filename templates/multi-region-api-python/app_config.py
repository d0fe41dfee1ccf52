"""Your application as the component takes it: one definition for the program and the tests."""

from multi_region_api.components.app_args import AppArgs

APP: AppArgs = {
    # The directory whose contents become the archive's root (like SAM's CodeUri).
    "path": "app",
    # A sequence of Powertools Routers the platform's dispatcher includes.
    "routers": "notes.routes:ROUTERS",
    # Your own dependencies, installed as wheels for the Lambda runtime (Powertools, pydantic and
    # boto3 are there already).
    "requirements": "app/requirements.txt",
    # What the routes query besides the key: the notes listed by kind.
    "indexes": [{"name": "by_kind", "partition_key": "kind"}],
}
