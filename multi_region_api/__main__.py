"""Provider plugin entry point: ``PulumiPlugin.yaml`` ``main``, and ``python -m multi_region_api``.

Run as a script by the Pulumi language host, so imports are absolute: ``multi_region_api`` comes
from the plugin's virtualenv, where ``requirements.txt`` installed this repository.
"""

from multi_region_api.provider import main

if __name__ == "__main__":
    main()
