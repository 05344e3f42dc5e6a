import sys

from agent.interfaces.cli import main

if __name__ == "__main__":
    sys.exit(main(["eval", *sys.argv[1:]]))
