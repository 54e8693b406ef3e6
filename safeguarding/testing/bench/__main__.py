import sys

from safeguarding.testing.bench.run import main

sys.exit(main())
