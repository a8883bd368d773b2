"""The Inside page: what happens inside the model — its tokens, its next-token choice and the
prompt it really reads."""
