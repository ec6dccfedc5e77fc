"""``python -m budsjett_cli`` runs the command line."""

from budsjett_cli.cli import main

if __name__ == "__main__":
    main()
