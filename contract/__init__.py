"""The bottom layer every package imports: the error tree, the claim record's vocabularies
(`../shared/spec/claims.md`) and JSON Lines reading. It imports nothing of `pipeline/`,
`extractors/` or `store/`, so those three can all depend on it without cycles.
"""
