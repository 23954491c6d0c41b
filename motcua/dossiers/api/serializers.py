"""The API's serializers: inputs (`inputs.py`, parsing into the commands' inputs) and outputs
(`outputs.py`, rendering), re-exported here for the views and older callers."""

from .inputs import *  # noqa: F403
from .inputs import PAPER_KINDS, check_papers, paper_data  # noqa: F401
from .outputs import *  # noqa: F403
from .outputs import action_path  # noqa: F401
