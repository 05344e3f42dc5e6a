"""Study design recognition: the first step of every effect question (see ``recognise``)."""
