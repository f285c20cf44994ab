"""`python build.py [options]` is `sitegen build [options]`, for CI that only has Python."""

import sys

from sitegen.cli import main

if __name__ == "__main__":
    main(["build", *sys.argv[1:]], prog_name="build.py")
