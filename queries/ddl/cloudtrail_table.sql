-- cloudtrail_table: AWS's CloudTrail table for Athena, with partition projection.
-- `npm run athena:ddl` prints it for a trail, with its own values in the {placeholders}
-- (each validated strictly first, as DDL takes no bound parameters):
--   {table}       the table name
--   {partitions}  `timestamp` STRING, or account STRING, region STRING, `timestamp` STRING
--                 (`timestamp` is a reserved word in Hive DDL, hence the backticks, as in AWS's DDL)
--   {location}    s3://<bucket>/[<prefix>/]AWSLogs/[<org-id>/][<account>/CloudTrail/<region>/]
--   {projection}  the projection properties for that layout (days; accounts and regions as enums)
-- Params: none.
CREATE EXTERNAL TABLE IF NOT EXISTS {table} (
  eventversion STRING,
  useridentity STRUCT<type: STRING, principalid: STRING, arn: STRING, accountid: STRING, invokedby: STRING, accesskeyid: STRING, username: STRING,
    onbehalfof: STRUCT<userid: STRING, identitystorearn: STRING>,
    sessioncontext: STRUCT<attributes: STRUCT<mfaauthenticated: STRING, creationdate: STRING>,
      sessionissuer: STRUCT<type: STRING, principalid: STRING, arn: STRING, accountid: STRING, username: STRING>,
      ec2roledelivery: STRING, webidfederationdata: STRUCT<federatedprovider: STRING, attributes: MAP<STRING,STRING>>>>,
  eventtime STRING,
  eventsource STRING,
  eventname STRING,
  awsregion STRING,
  sourceipaddress STRING,
  useragent STRING,
  errorcode STRING,
  errormessage STRING,
  requestparameters STRING,
  responseelements STRING,
  additionaleventdata STRING,
  requestid STRING,
  eventid STRING,
  resources ARRAY<STRUCT<arn: STRING, accountid: STRING, type: STRING>>,
  eventtype STRING,
  apiversion STRING,
  readonly STRING,
  recipientaccountid STRING,
  serviceeventdetails STRING,
  sharedeventid STRING,
  vpcendpointid STRING,
  vpcendpointaccountid STRING,
  eventcategory STRING,
  addendum STRUCT<reason: STRING, updatedfields: STRING, originalrequestid: STRING, originaleventid: STRING>,
  sessioncredentialfromconsole STRING,
  edgedevicedetails STRING,
  tlsdetails STRUCT<tlsversion: STRING, ciphersuite: STRING, clientprovidedhostheader: STRING>
)
COMMENT 'CloudTrail table for KeyTrail (partition projection)'
PARTITIONED BY ({partitions})
ROW FORMAT SERDE 'org.apache.hive.hcatalog.data.JsonSerDe'
STORED AS INPUTFORMAT 'com.amazon.emr.cloudtrail.CloudTrailInputFormat'
OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'
LOCATION '{location}'
TBLPROPERTIES (
  'projection.enabled'='true',
  {projection}
)
