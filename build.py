"""`python build.py [options]` is `sitegen build [options]`, for CI that runs scripts with
Python rather than installed commands. sitegen's dependencies must be installed first
(`python -m pip install .`); without them this says so in one line."""

import sys

try:
    from sitegen.cli import build_command
except ModuleNotFoundError as missing:
    sys.exit(
        f"build.py: cannot import {missing.name!r}; "
        "install sitegen and its dependencies first: python -m pip install ."
    )

if __name__ == "__main__":
    try:
        # The build command itself, not `sitegen build` through the group: its usage and
        # hints then read `build.py [OPTIONS]`, as the script is run.
        build_command.main(sys.argv[1:], prog_name="build.py", help_option_names=["-h", "--help"])
    except ModuleNotFoundError as missing:  # a dependency imported only when a build needs it
        sys.exit(
            f"build.py: cannot import {missing.name!r}; "
            "install sitegen and its dependencies first: python -m pip install ."
        )
