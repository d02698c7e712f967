"""``python -m schemawright`` runs the command line."""

import sys

from schemawright.cli import main

sys.exit(main())
