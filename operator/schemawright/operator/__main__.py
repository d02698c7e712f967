"""``python -m schemawright.operator``: run the operator."""

import sys

from schemawright.operator.main import main

sys.exit(main())
