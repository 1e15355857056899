"""Heard: case management and system change for independent advocacy organisations."""
