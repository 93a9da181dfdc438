import t from 'tap';
import { filterToString, parseOrderBy, parseQueryOptions, type EntityModel, type PropertyModel, type RawQuery } from '../../src/graph/odata/index.js';

const model: EntityModel = {
  typeName: 'microsoft.graph.managedDevice',
  properties: new Map<string, PropertyModel>([
    ['id', { kind: 'string' }],
    ['deviceName', { kind: 'string' }],
    ['operatingSystem', { kind: 'string' }],
    ['complianceState', { kind: 'enum', enumType: 'microsoft.graph.complianceState', enumValues: { unknown: 0, compliant: 1 } }],
    ['lastSyncDateTime', { kind: 'dateTimeOffset' }],
    ['freeStorageSpaceInBytes', { kind: 'int64' }],
    ['isEncrypted', { kind: 'boolean' }],
    ['hardwareInformation', { kind: 'complex' }],
    ['deviceActionResults', { kind: 'collection' }],
  ]),
};
const collection = { collection: true };
const single = { collection: false };

t.test('valid options', async (t) => {
  const cases: [RawQuery, object][] = [
    [{}, { count: false }],
    [{ api: 'x', foo: ['a', 'b'], top: '5' }, { count: false }], // non-$ parameters are ignored
    [{ $top: '5', $skip: '0' }, { count: false, top: 5, skip: 0 }],
    [{ $TOP: '10', $Skip: '20', $COUNT: 'TRUE' }, { count: true, top: 10, skip: 20 }],
    [{ $count: 'false' }, { count: false }],
    [{ $top: ['7'] }, { count: false, top: 7 }],
    [{ $top: undefined }, { count: false }],
    [{ $select: 'deviceName,id' }, { count: false, select: ['deviceName', 'id'] }],
    [{ $select: ' deviceName , id ,deviceName' }, { count: false, select: ['deviceName', 'id'] }],
    [{ $select: 'id,*' }, { count: false, select: ['*'] }],
    [{ $select: 'hardwareInformation' }, { count: false, select: ['hardwareInformation'] }],
    // Names in any case, spelt as the model does (powershell-intune-samples #35: `$select=deviceactionresults`).
    [{ $select: 'deviceactionresults,DeviceName,deviceName' }, { count: false, select: ['deviceActionResults', 'deviceName'] }],
    [{ $orderby: 'deviceName desc, lastSyncDateTime' }, { count: false, orderby: [{ property: 'deviceName', direction: 'desc' }, { property: 'lastSyncDateTime', direction: 'asc' }] }],
    [{ $skiptoken: 'opaque-token' }, { count: false, skiptoken: 'opaque-token' }],
  ];
  for (const [query, expected] of cases) t.strictSame(parseQueryOptions(query, model, collection), expected, JSON.stringify(query));

  const withFilter = parseQueryOptions({ $filter: "operatingSystem eq 'iOS'" }, model, collection);
  t.equal(withFilter.filterText, "operatingSystem eq 'iOS'");
  t.equal(withFilter.filter && filterToString(withFilter.filter), "(eq operatingSystem 'iOS')");

  t.strictSame(parseQueryOptions({ $select: 'deviceName', other: 'x' }, model, single), { count: false, select: ['deviceName'] }, 'single entity: $select');
});

t.test('invalid options', async (t) => {
  const cases: [RawQuery, { collection: boolean }, string][] = [
    [{ $expand: 'users' }, collection, "The query option '$expand' is not supported by intune-mock."],
    [{ $EXPAND: 'users' }, single, "The query option '$expand' is not supported by intune-mock."],
    [{ $search: '"x"' }, collection, "The query option '$search' is not supported by intune-mock."],
    [{ $apply: 'x' }, collection, "The query option '$apply' is not supported by intune-mock."],
    [{ $compute: 'x' }, collection, "The query option '$compute' is not supported by intune-mock."],
    [{ $format: 'json' }, collection, "The query option '$format' is not supported by intune-mock."],
    [{ $levels: '2' }, collection, "The query option '$levels' is not supported by intune-mock."],
    [{ $deltatoken: 'x' }, collection, "The query option '$deltatoken' is not supported by intune-mock."],
    [{ $foo: '1' }, collection, "The query parameter '$foo' is not supported."],
    [{ $Foo: '1' }, single, "The query parameter '$Foo' is not supported."],
    [{ $top: ['1', '2'] }, collection, "Query option '$top' was specified more than once, but it must be specified at most once."],
    [{ $top: '1', $TOP: '2' }, collection, "Query option '$top' was specified more than once, but it must be specified at most once."],
    [{ $top: 'abc' }, collection, "Invalid value 'abc' for $top query option found. The $top query option requires a non-negative integer value."],
    [{ $top: '-1' }, collection, "Invalid value '-1' for $top query option found. The $top query option requires a non-negative integer value."],
    [{ $top: '1.5' }, collection, "Invalid value '1.5' for $top query option found. The $top query option requires a non-negative integer value."],
    [{ $top: '' }, collection, "Invalid value '' for $top query option found. The $top query option requires a non-negative integer value."],
    [{ $top: ' 5' }, collection, "Invalid value ' 5' for $top query option found. The $top query option requires a non-negative integer value."],
    [{ $top: '99999999999999999999' }, collection, "Invalid value '99999999999999999999' for query option '$top': it must not exceed 9007199254740991."],
    [{ $skip: 'x' }, collection, "Invalid value 'x' for $skip query option found. The $skip query option requires a non-negative integer value."],
    [{ $count: 'yes' }, collection, "Invalid value 'yes' for query option '$count': it must be 'true' or 'false'."],
    [{ $select: '' }, collection, "Invalid value '' for query option '$select': expected a comma-separated list of property names."],
    [{ $select: 'id,,deviceName' }, collection, "Invalid value 'id,,deviceName' for query option '$select': expected a comma-separated list of property names."],
    [{ $select: 'id,foo' }, collection, "Parsing OData Select and Expand failed: Could not find a property named 'foo' on type 'microsoft.graph.managedDevice'."],
    [{ $select: 'DeviceNam' }, single, "Parsing OData Select and Expand failed: Could not find a property named 'DeviceNam' on type 'microsoft.graph.managedDevice'."],
    [{ $select: 'hardwareInformation/serialNumber' }, collection, "Property paths such as 'hardwareInformation/serialNumber' are not supported in $select by intune-mock."],
    [{ $filter: 'operatingSystem eq' }, collection, "Syntax error at position 19 in 'operatingSystem eq'."],
    [{ $filter: 'foo eq 1' }, collection, "Could not find a property named 'foo' on type 'microsoft.graph.managedDevice'."],
    [
      { $filter: "lastSyncDateTime gt '2024'" },
      collection,
      "A binary operator with incompatible types was detected. Found operand types 'Edm.DateTimeOffset' and 'Edm.String' for operator kind 'GreaterThan'.",
    ],
    [{ $orderby: 'foo' }, collection, "Could not find a property named 'foo' on type 'microsoft.graph.managedDevice'."],
    // No report says Intune sorts on a name in another case: the mock keeps OData's case-sensitive names here.
    [{ $orderby: 'devicename' }, collection, "Could not find a property named 'devicename' on type 'microsoft.graph.managedDevice'."],
    // collection-only options on a single entity
    [{ $filter: 'isEncrypted' }, single, "The query option '$filter' is not supported on a single entity."],
    [{ $top: '1' }, single, "The query option '$top' is not supported on a single entity."],
    [{ $Skip: '1' }, single, "The query option '$skip' is not supported on a single entity."],
    [{ $orderby: 'id' }, single, "The query option '$orderby' is not supported on a single entity."],
    [{ $count: 'true' }, single, "The query option '$count' is not supported on a single entity."],
    [{ $skiptoken: 'x' }, single, "The query option '$skiptoken' is not supported on a single entity."],
    // an unsupported option wins over a bad value given before it
    [{ $top: 'bad', $expand: 'x' }, collection, "The query option '$expand' is not supported by intune-mock."],
  ];
  for (const [query, opts, message] of cases) {
    t.throws(() => parseQueryOptions(query, model, opts), { name: 'ODataQueryError', message }, JSON.stringify(query));
  }
});

t.test('$orderby parsing', async (t) => {
  const valid: [string, string][] = [
    ['deviceName', 'deviceName asc'],
    ['deviceName desc', 'deviceName desc'],
    ['deviceName DESC,lastSyncDateTime Asc', 'deviceName desc|lastSyncDateTime asc'],
    ['  deviceName   desc  ,  complianceState ', 'deviceName desc|complianceState asc'],
    ['isEncrypted,freeStorageSpaceInBytes desc', 'isEncrypted asc|freeStorageSpaceInBytes desc'],
  ];
  for (const [text, expected] of valid) {
    t.equal(parseOrderBy(text, model).map((k) => `${k.property} ${k.direction}`).join('|'), expected, text);
  }
  const invalid: [string, string][] = [
    ['', "Syntax error at position 1 in ''. A property name is expected."],
    ['deviceName,', "Syntax error at position 12 in 'deviceName,'. A property name is expected."],
    ['deviceName,,id', "Syntax error at position 12 in 'deviceName,,id'. A property name is expected."],
    ['deviceName up', "Syntax error at position 12 in 'deviceName up'. Expected 'asc' or 'desc'."],
    ['deviceName desc id', "Syntax error at position 17 in 'deviceName desc id'. Expected ',' or the end of $orderby."],
    ["id,'x'", "Syntax error at position 4 in 'id,'x''."],
    ['deviceName,deviceName desc', "Duplicate property named 'deviceName' is not supported in '$orderby' expression."],
    ['foo', "Could not find a property named 'foo' on type 'microsoft.graph.managedDevice'."],
    ['hardwareInformation', "The $orderby expression must evaluate to a single value of primitive type: 'hardwareInformation' is of a complex type."],
    ['deviceActionResults desc', "The $orderby expression must evaluate to a single value of primitive type: 'deviceActionResults' is a collection."],
    ['hardwareInformation/serialNumber', "Property paths such as 'hardwareInformation/serialNumber' are not supported in $orderby by intune-mock."],
    ['tolower(deviceName)', "Expressions such as 'tolower(deviceName)' are not supported in $orderby by intune-mock: use property names."],
  ];
  for (const [text, message] of invalid) {
    t.throws(() => parseOrderBy(text, model), { name: 'ODataQueryError', message }, JSON.stringify(text));
  }
});
