"""Joining a meter's Smart Energy network as a device, and CBKE key establishment."""
