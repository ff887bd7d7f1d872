"""Word count with a Python UDF from a shipped module (textutil, in the spec's pyFiles), so that the executors
run Python workers that import shipped code.

Arguments: <input path or glob> <output dir>. Writes counts/ into the output dir: one CSV file with header
word,count, sorted by count descending, then word.
"""
import sys

from pyspark.sql import SparkSession
from pyspark.sql import functions as F
from pyspark.sql.types import ArrayType, StringType

import textutil  # from pyFiles: importable before the session exists


def main(argv):
    if len(argv) != 2:
        sys.exit("usage: wordcount_udf.py <input path or glob> <output dir>, got %d arguments" % len(argv))
    source, output = argv
    spark = SparkSession.builder.appName("spark-burst word count (Python UDF)").getOrCreate()
    try:
        words = F.udf(textutil.words, ArrayType(StringType()))
        lines = spark.read.text(source)
        counts = (lines.select(F.explode(words(F.col("value"))).alias("word"))
                  .groupBy("word").count().cache())
        distinct, total = counts.agg(F.count(F.lit(1)), F.sum("count")).first()
        # One partition sorted inside itself: a single, ordered CSV file.
        (counts.repartition(1).sortWithinPartitions(F.col("count").desc(), F.col("word").asc())
         .write.mode("overwrite").option("header", True).csv(output.rstrip("/") + "/counts"))
        print("wordcount_udf.py: %d words, %d distinct, written to %s" % (total or 0, distinct, output))
    finally:
        spark.stop()


if __name__ == "__main__":
    main(sys.argv[1:])
