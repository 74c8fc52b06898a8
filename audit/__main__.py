"""python -m audit → the command line."""
from .cli import main

main()
