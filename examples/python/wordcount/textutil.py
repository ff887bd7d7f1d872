"""Shipped in the word count spec's pyFiles: the driver imports it at the top of wordcount_udf.py, and the
executors import it to run the UDF (the function is pickled by reference to this module)."""
import unicodedata


def words(line):
    """The line's words: lowercased, split at every character that is not a letter (Unicode category L*),
    the same rule as dev.sparkburst.examples.WordCount."""
    if line is None:
        return []
    found, current = [], []
    for ch in line.lower():
        if unicodedata.category(ch).startswith("L"):
            current.append(ch)
        elif current:
            found.append("".join(current))
            current = []
    if current:
        found.append("".join(current))
    return found
