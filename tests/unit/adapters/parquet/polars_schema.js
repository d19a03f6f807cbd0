// Prints what Polars (nodejs-polars) makes of a Parquet file: its row count and each column's
// dtype, one JSON line. Used by DatasetBuild.PolarsReadsTheColumnTypes.
const pl = require("nodejs-polars");
const frame = pl.readParquet(process.argv[2]);
const schema = {};
for (const [name, type] of Object.entries(frame.schema)) schema[name] = String(type);
const nulls = frame.getColumn("funding_rate").nullCount();
console.log(JSON.stringify({ rows: frame.height, nulls_funding_rate: nulls, schema }));
