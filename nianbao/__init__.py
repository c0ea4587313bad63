"""The nianbao program: the command line, the self-test and the start of the window, above core/ and gui/."""
