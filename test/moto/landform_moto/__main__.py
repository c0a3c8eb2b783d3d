"""Entry point: load landform's moto plugin, then run moto_server's main."""
import sys

from moto.server import main

import landform_moto  # noqa: F401  (installs the plugin on import)

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
