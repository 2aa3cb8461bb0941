"""The toolbox at the bottom of the stack: markdown, images, permissions, the content cache, env parsing.

Every app may import from here; nothing here imports an app or the project.
"""
