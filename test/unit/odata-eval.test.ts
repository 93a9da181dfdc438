import t from 'tap';
import { compileFilter, parseFilter, type EntityModel, type PropertyModel } from '../../src/graph/odata/index.js';
import { compareCi, compareInstant, parseInstant, subMillis } from '../../src/graph/odata/values.js';

const complianceState: PropertyModel = {
  kind: 'enum',
  enumType: 'microsoft.graph.complianceState',
  enumValues: { unknown: 0, compliant: 1, noncompliant: 2, conflict: 3, error: 4, inGracePeriod: 254, configManager: 255 },
};
const model: EntityModel = {
  typeName: 'microsoft.graph.managedDevice',
  properties: new Map<string, PropertyModel>([
    ['id', { kind: 'string' }],
    ['deviceName', { kind: 'string' }],
    ['operatingSystem', { kind: 'string' }],
    ['complianceState', complianceState],
    ['managementAgent', { kind: 'enum', enumType: 'microsoft.graph.managementAgentType', enumValues: { eas: 1, mdm: 2 } }],
    ['lastSyncDateTime', { kind: 'dateTimeOffset' }],
    ['enrolledDateTime', { kind: 'dateTimeOffset' }],
    ['freeStorageSpaceInBytes', { kind: 'int64' }],
    ['totalStorageSpaceInBytes', { kind: 'int64' }],
    ['gracePeriodDays', { kind: 'int32' }],
    ['batteryLevelPercentage', { kind: 'double' }],
    ['isEncrypted', { kind: 'boolean' }],
    ['azureADDeviceId', { kind: 'string' }],
    ['tenantId', { kind: 'guid' }],
    ['hardwareInformation', { kind: 'complex' }],
    ['deviceActionResults', { kind: 'collection' }],
  ]),
};

const devices: Record<string, unknown>[] = [
  {
    id: 'd1', deviceName: 'Alice-iPhone', operatingSystem: 'iOS', complianceState: 'compliant', managementAgent: 'mdm',
    lastSyncDateTime: '2024-03-01T10:00:00Z', enrolledDateTime: '2024-01-01T00:00:00Z', freeStorageSpaceInBytes: 1_000_000_000,
    totalStorageSpaceInBytes: 64_000_000_000, gracePeriodDays: 7, batteryLevelPercentage: 55.5, isEncrypted: true,
    azureADDeviceId: '3F2504E0-4F89-11D3-9A0C-0305E82C3301', tenantId: 'aaaaaaaa-0000-0000-0000-000000000001',
  },
  {
    id: 'd2', deviceName: 'bob-android', operatingSystem: 'Android', complianceState: 'noncompliant', managementAgent: 'eas',
    lastSyncDateTime: '2023-12-31T23:59:59.9999999Z', enrolledDateTime: '2024-01-01T00:00:00.000Z', freeStorageSpaceInBytes: 50_000_000_000,
    totalStorageSpaceInBytes: 32_000_000_000, gracePeriodDays: 0, batteryLevelPercentage: 12, isEncrypted: false,
    azureADDeviceId: 'b0000000-0000-0000-0000-000000000002', tenantId: 'AAAAAAAA-0000-0000-0000-000000000001',
  },
  {
    id: 'd3', deviceName: 'Carol-Win', operatingSystem: 'Windows', complianceState: 'inGracePeriod', managementAgent: 'mdm',
    lastSyncDateTime: '0001-01-01T00:00:00Z', freeStorageSpaceInBytes: null, isEncrypted: null, azureADDeviceId: null,
  },
  {
    id: 'd4', deviceName: 'dave', operatingSystem: 'iOS', complianceState: 'configManager',
    lastSyncDateTime: '9999-12-31T23:59:59.9999999Z', freeStorageSpaceInBytes: 0, isEncrypted: true, gracePeriodDays: 10,
  },
  {
    id: 'd5', deviceName: 'Eve', operatingSystem: 'iOS', complianceState: 'unknown',
    lastSyncDateTime: '2024-01-01T01:00:00+01:00', freeStorageSpaceInBytes: 2_000_000_000,
  },
  { id: 'd6' },
];

function run(filter: string): string[] {
  const predicate = compileFilter(parseFilter(filter), model);
  return devices.filter(predicate).map((d) => d.id as string);
}

t.test('evaluation over every property kind', async (t) => {
  const cases: [string, string[]][] = [
    // strings: case-insensitive eq/ne/ordering/functions; null never equals a value
    ["operatingSystem eq 'ios'", ['d1', 'd4', 'd5']],
    ["deviceName eq 'ALICE-IPHONE'", ['d1']],
    ["operatingSystem ne 'iOS'", ['d2', 'd3', 'd6']],
    ["deviceName gt 'c'", ['d3', 'd4', 'd5']],
    ["deviceName le 'BOB-ANDROID'", ['d1', 'd2']],
    ["contains(deviceName,'IPHONE')", ['d1']],
    ["contains(deviceName,'-')", ['d1', 'd2', 'd3']],
    ["contains(deviceName,'.')", []],
    ["contains(deviceName,'')", ['d1', 'd2', 'd3', 'd4', 'd5']],
    ["startswith(deviceName,'B')", ['d2']],
    ["endswith(deviceName,'WIN')", ['d3']],
    ['contains(deviceName, operatingSystem)', ['d2']],
    ["startswith(deviceName, tolower('D'))", ['d4']],
    ["tolower(deviceName) eq 'alice-iphone'", ['d1']],
    ["toupper(operatingSystem) eq 'IOS'", ['d1', 'd4', 'd5']],
    ["'iOS' eq operatingSystem", ['d1', 'd4', 'd5']],
    ["'c' lt deviceName", ['d3', 'd4', 'd5']],
    // null
    ['deviceName eq null', ['d6']],
    ['null eq deviceName', ['d6']],
    ['freeStorageSpaceInBytes ne null', ['d1', 'd2', 'd4', 'd5']],
    ['deviceName gt null', []],
    ['freeStorageSpaceInBytes le null', []],
    ['null eq null', ['d1', 'd2', 'd3', 'd4', 'd5', 'd6']],
    // enums: by member name (any case) or qualified literal, ordered by numeric value
    ["complianceState eq 'compliant'", ['d1']],
    ["complianceState eq 'Compliant'", ['d1']],
    ["complianceState eq microsoft.graph.complianceState'noncompliant'", ['d2']],
    ["complianceState ne 'compliant'", ['d2', 'd3', 'd4', 'd5', 'd6']],
    ["complianceState gt 'error'", ['d3', 'd4']],
    ["complianceState lt 'compliant'", ['d5']],
    ["'noncompliant' le complianceState", ['d2', 'd3', 'd4']],
    ['complianceState eq null', ['d6']],
    // DateTimeOffset: by instant, incl. offsets, 7 fractional digits and year 1 / 9999
    ['lastSyncDateTime gt 2024-01-01T00:00:00Z', ['d1', 'd4']],
    ['lastSyncDateTime eq 2024-01-01T00:00:00Z', ['d5']],
    ['lastSyncDateTime eq 2024-01-01T00:00:00.0000000Z', ['d5']],
    ['lastSyncDateTime eq 2023-12-31T19:00:00-05:00', ['d5']],
    ['lastSyncDateTime lt 2024-01-01T00:00:00Z', ['d2', 'd3']],
    ['lastSyncDateTime eq 9999-12-31T23:59:59.9999999Z', ['d4']],
    ['lastSyncDateTime gt 9999-12-31T23:59:59.9999998Z', ['d4']],
    ['lastSyncDateTime lt 9999-12-31T23:59:59.9999999Z', ['d1', 'd2', 'd3', 'd5']],
    ['lastSyncDateTime le 0001-01-01T00:00:00Z', ['d3']],
    ['lastSyncDateTime gt 0001-01-01T00:00:00.0000001Z and lastSyncDateTime lt 2024-01-01T00:00:00Z', ['d2']],
    ['lastSyncDateTime ge 2023-12-31T23:59:59.9999999Z and lastSyncDateTime lt 2024-01-01T00:00:00Z', ['d2']],
    ['lastSyncDateTime eq 2023-12-31T23:59:59.999Z', []],
    ['2024-01-01T00:00:00Z lt lastSyncDateTime', ['d1', 'd4']],
    ['enrolledDateTime eq lastSyncDateTime', ['d6']], // both null: null eq null
    ['enrolledDateTime le lastSyncDateTime', ['d1']],
    // numbers
    ['freeStorageSpaceInBytes ge 1000000000', ['d1', 'd2', 'd5']],
    ['freeStorageSpaceInBytes eq 0', ['d4']],
    ['freeStorageSpaceInBytes lt 1.5e9', ['d1', 'd4']],
    ['freeStorageSpaceInBytes gt totalStorageSpaceInBytes', ['d2']],
    ['batteryLevelPercentage gt 50', ['d1']],
    ['batteryLevelPercentage eq 12', ['d2']],
    ['gracePeriodDays ge 6.5', ['d1', 'd4']],
    ['gracePeriodDays gt -1', ['d1', 'd2', 'd4']],
    // booleans and three-valued logic
    ['isEncrypted', ['d1', 'd4']],
    ['isEncrypted eq true', ['d1', 'd4']],
    ['isEncrypted eq false', ['d2']],
    ['not isEncrypted', ['d2']],
    ['isEncrypted ne true', ['d2', 'd3', 'd5', 'd6']],
    ["isEncrypted or operatingSystem eq 'Windows'", ['d1', 'd3', 'd4']],
    ["not (isEncrypted and operatingSystem eq 'iOS')", ['d2', 'd3', 'd6']],
    ["not (isEncrypted or operatingSystem eq 'Android')", []],
    ["not contains(deviceName,'a')", ['d5']],
    ["(operatingSystem eq 'iOS') eq true", ['d1', 'd4', 'd5']],
    ["operatingSystem eq 'iOS' and isEncrypted or complianceState eq 'noncompliant'", ['d1', 'd2', 'd4']],
    ['true', ['d1', 'd2', 'd3', 'd4', 'd5', 'd6']],
    ['false', []],
    // GUIDs: a GUID literal matches string and guid properties case-insensitively
    ['azureADDeviceId eq 3f2504e0-4f89-11d3-9a0c-0305e82c3301', ['d1']],
    ['azureADDeviceId ne 3f2504e0-4f89-11d3-9a0c-0305e82c3301', ['d2', 'd3', 'd4', 'd5', 'd6']],
    ['tenantId eq aaaaaaaa-0000-0000-0000-000000000001', ['d1', 'd2']],
    ["tenantId eq 'AAAAAAAA-0000-0000-0000-000000000001'", ['d1', 'd2']],
    // in: eq against each literal, with eq's typing (enum members by name, case-insensitive strings)
    ["operatingSystem in ('android', 'Windows')", ['d2', 'd3']],
    ["complianceState in ('noncompliant', microsoft.graph.complianceState'compliant')", ['d1', 'd2']],
    ['freeStorageSpaceInBytes in (0, 1000000000)', ['d1', 'd4']],
    ["not (operatingSystem in ('iOS'))", ['d2', 'd3', 'd6']],
    ["deviceName in ('nobody')", []],
  ];
  for (const [filter, expected] of cases) t.same(run(filter), expected, filter);
});

t.test('type errors are reported at compile time', async (t) => {
  const incompatible = (l: string, r: string, op: string): string =>
    `A binary operator with incompatible types was detected. Found operand types '${l}' and '${r}' for operator kind '${op}'.`;
  const signature = (name: string, params: string): string =>
    `No function signature for the function with name '${name}' matches the specified arguments. The function signatures considered are: ${name}(${params}).`;
  const cases: [string, string][] = [
    ['foo eq 1', "Could not find a property named 'foo' on type 'microsoft.graph.managedDevice'."],
    ["contains(DeviceName,'x')", "Could not find a property named 'DeviceName' on type 'microsoft.graph.managedDevice'."],
    ["lastSyncDateTime gt '2024-01-01'", incompatible('Edm.DateTimeOffset', 'Edm.String', 'GreaterThan')],
    ['lastSyncDateTime gt 3f2504e0-4f89-11d3-9a0c-0305e82c3301', incompatible('Edm.DateTimeOffset', 'Edm.Guid', 'GreaterThan')],
    ["freeStorageSpaceInBytes eq 'x'", incompatible('Edm.Int64', 'Edm.String', 'Equal')],
    ['isEncrypted eq 1', incompatible('Edm.Boolean', 'Edm.Int32', 'Equal')],
    ['deviceName ne 5000000000', incompatible('Edm.String', 'Edm.Int64', 'NotEqual')],
    ['deviceName lt 1.5', incompatible('Edm.String', 'Edm.Double', 'LessThan')],
    ['batteryLevelPercentage le true', incompatible('Edm.Double', 'Edm.Boolean', 'LessThanOrEqual')],
    ['deviceName ge lastSyncDateTime', incompatible('Edm.String', 'Edm.DateTimeOffset', 'GreaterThanOrEqual')],
    ["'x' eq 1", incompatible('Edm.String', 'Edm.Int32', 'Equal')],
    ['complianceState eq 1', incompatible('microsoft.graph.complianceState', 'Edm.Int32', 'Equal')],
    ['complianceState eq operatingSystem', incompatible('microsoft.graph.complianceState', 'Edm.String', 'Equal')],
    ["complianceState eq microsoft.graph.managementAgentType'mdm'", incompatible('microsoft.graph.complianceState', 'microsoft.graph.managementAgentType', 'Equal')],
    ['complianceState eq managementAgent', incompatible('microsoft.graph.complianceState', 'microsoft.graph.managementAgentType', 'Equal')],
    [
      "complianceState eq 'bogus'",
      "The string 'bogus' is not a valid enumeration type constant of 'microsoft.graph.complianceState'. Valid members are: unknown, compliant, noncompliant, conflict, error, inGracePeriod, configManager.",
    ],
    [
      "complianceState eq microsoft.graph.complianceState'bogus'",
      "The string 'bogus' is not a valid enumeration type constant of 'microsoft.graph.complianceState'. Valid members are: unknown, compliant, noncompliant, conflict, error, inGracePeriod, configManager.",
    ],
    ["complianceState eq microsoft.graph.nope'x'", "The enumeration type 'microsoft.graph.nope' is not used by any property of type 'microsoft.graph.managedDevice'."],
    ['deviceName', 'The $filter expression must evaluate to a single boolean value.'],
    ["tolower(deviceName)", 'The $filter expression must evaluate to a single boolean value.'],
    ['42', 'The $filter expression must evaluate to a single boolean value.'],
    ['deviceName and isEncrypted', incompatible('Edm.String', 'Edm.Boolean', 'And')],
    ['isEncrypted or 1', incompatible('Edm.Boolean', 'Edm.Int32', 'Or')],
    ['not deviceName', "A unary operator with an incompatible type was detected. Found operand type 'Edm.String' for operator kind 'Not'."],
    ["contains(freeStorageSpaceInBytes,'1')", signature('contains', 'Edm.String, Edm.String')],
    ['startswith(deviceName, 1)', signature('startswith', 'Edm.String, Edm.String')],
    ["tolower(isEncrypted) eq 'x'", signature('tolower', 'Edm.String')],
    [
      'deviceActionResults eq null',
      "The property 'deviceActionResults' is a collection and cannot be used in a $filter expression: lambda operators (any/all) are not supported by intune-mock.",
    ],
    [
      'hardwareInformation ne null',
      "The property 'hardwareInformation' is of a complex type and cannot be used in a $filter expression: property paths are not supported by intune-mock.",
    ],
  ];
  for (const [filter, message] of cases) {
    t.throws(() => compileFilter(parseFilter(filter), model), { name: 'ODataQueryError', message }, filter);
  }
});

t.test('value helpers', async (t) => {
  // parseInstant agrees with Date.parse where Date.parse is reliable, and handles what it does not.
  for (const s of ['2024-01-01T00:00:00Z', '1999-12-31T23:59:59.123Z', '2024-02-29T12:30:00+05:30', '2000-03-01T00:00-08:00', '1970-01-01T00:00:00.5Z']) {
    t.equal(parseInstant(s), Date.parse(s), s);
  }
  t.equal(parseInstant('0001-01-01T00:00:00Z'), -62135596800000, 'year 1');
  t.equal(parseInstant('9999-12-31T23:59:59.9999999Z'), 253402300799999, '9999, 7 digits: ms part');
  t.ok(Math.abs(subMillis() - 0.9999) < 1e-12, '… and the sub-millisecond rest');
  for (const bad of ['2024-13-01T00:00:00Z', '2023-02-29T00:00:00Z', '2024-01-01', '2024-01-01T00:00:00', '2024-01-01T24:00:00Z', 'x', '2024-01-01T00:00:00.Z']) {
    t.ok(Number.isNaN(parseInstant(bad)), `invalid: ${bad}`);
  }
  t.ok(compareInstant('2024-01-01T00:00:00.1234567Z', '2024-01-01T00:00:00.1234568Z') < 0);
  t.equal(compareInstant('2024-01-01T00:00:00Z', '2024-01-01T01:00:00+01:00'), 0);
  t.ok(compareInstant('2024-01-01T00:00:00.5Z', '2024-01-01T00:00:00.45Z') > 0);

  // compareCi has the sign of comparing lower-cased strings
  const words = ['', 'a', 'A', 'ab', 'aB', 'Ab', 'b', 'Z', '[', '_', 'é', 'É', 'e', 'straße', 'STRASSE', 'İ', 'i', 'Ω', 'ω', 'a1', 'A2'];
  for (const a of words) {
    for (const b of words) {
      const la = a.toLowerCase();
      const lb = b.toLowerCase();
      t.equal(Math.sign(compareCi(a, b)), la < lb ? -1 : la > lb ? 1 : 0, `${a} vs ${b}`);
    }
  }
});
