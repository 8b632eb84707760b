// The code of this chapter is generated from chapters/02-rnn.md at build time.
