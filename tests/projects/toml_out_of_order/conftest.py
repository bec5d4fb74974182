# The package lives under src/ and CI does not install it: put it on the path for the tests.
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent / "src"))
