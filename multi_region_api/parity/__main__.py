"""``python -m multi_region_api.parity [--release X]``: build the runtime-parity cache."""

import sys

from .runtime import main

sys.exit(main())
