"""The code that runs inside the jail (as ``medl_jail``): the worker, its codec, the fork
server. Copied whole into each jail; it imports nothing from the grader's side."""
