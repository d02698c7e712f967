"""``python -m schemawright`` runs the command line."""

import sys

from schemawright.cli.app import main

sys.exit(main())
