"""Build hook: vendor the pages' JavaScript from the npm registry (pinned) into the wheel.

Everything else is declared in pyproject.toml. Where npm is missing the build goes on and the
pages say how to get the files (``python -m unkg.api.vendor``).
"""

import shutil
import subprocess
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildWithVendoredJavaScript(build_py):
    def run(self):
        if shutil.which("npm"):
            subprocess.run([sys.executable, str(Path(__file__).parent / "api" / "vendor.py")], check=False)
        super().run()


setup(cmdclass={"build_py": BuildWithVendoredJavaScript})
