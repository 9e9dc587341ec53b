-- Version 5 is reserved for the privacy-at-rest migration (issue 6, section 4: encrypted
-- names and facts, keyed name hash), developed at the same time as 0006. This file keeps
-- the versions contiguous until that migration takes its place; it changes nothing.
DO 0;
