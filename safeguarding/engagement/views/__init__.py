"""The pages of the voice of children, the procedures library and the public site."""
