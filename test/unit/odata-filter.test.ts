import t from 'tap';
import { ODataQueryError, filterToString, parseFilter, tokenize } from '../../src/graph/odata/index.js';

t.test('lexer: token kinds, values and positions', async (t) => {
  const cases: [string, string[]][] = [
    ["deviceName eq 'it''s'", ['identifier:deviceName@0', 'operator:eq@11', "string:'it''s'@14", 'eof:@21']],
    ['a ge -1.5e3', ['identifier:a@0', 'operator:ge@2', 'number:-1.5e3@5', 'eof:@11']],
    ['(x,y)/z', ['(:(@0', 'identifier:x@1', ',:,@2', 'identifier:y@3', '):)@4', '/:/@5', 'identifier:z@6', 'eof:@7']],
    ['true false null', ['boolean:true@0', 'boolean:false@5', 'null:null@11', 'eof:@15']],
    ['2024-01-01T00:00:00Z', ['dateTimeOffset:2024-01-01T00:00:00Z@0', 'eof:@20']],
    ['9999-12-31T23:59:59.9999999+01:30', ['dateTimeOffset:9999-12-31T23:59:59.9999999+01:30@0', 'eof:@33']],
    ['2024-02-29T10:15-05:00', ['dateTimeOffset:2024-02-29T10:15-05:00@0', 'eof:@22']],
    ['3f2504e0-4f89-11d3-9a0c-0305e82c3301', ['guid:3f2504e0-4f89-11d3-9a0c-0305e82c3301@0', 'eof:@36']],
    ['DEADBEEF-4F89-11D3-9A0C-0305E82C3301', ['guid:DEADBEEF-4F89-11D3-9A0C-0305E82C3301@0', 'eof:@36']],
    ["microsoft.graph.complianceState'compliant'", ["enum:microsoft.graph.complianceState'compliant'@0", 'eof:@42']],
    // Operators are lowercase-only (OData 4.0): `EQ` and `And` are plain identifiers to the lexer.
    ['EQ And not', ['identifier:EQ@0', 'identifier:And@3', 'operator:not@7', 'eof:@10']],
    ["x eq'a'", ['identifier:x@0', 'operator:eq@2', "string:'a'@4", 'eof:@7']],
  ];
  for (const [input, expected] of cases) {
    t.same(
      tokenize(input).map((tok) => `${tok.kind}:${tok.text}@${tok.pos}`),
      expected,
      input,
    );
  }
  const str = tokenize("'a''b'''")[0];
  t.equal(str?.kind === 'string' && str.value, "a'b'", "'' unescapes to '");
  const num = tokenize('42')[0];
  t.same(num?.kind === 'number' && [num.value, num.integer], [42, true]);
  const enm = tokenize("microsoft.graph.x'y'")[0];
  t.same(enm?.kind === 'enum' && [enm.enumType, enm.value], ['microsoft.graph.x', 'y']);
});

t.test('parser: valid filters as S-expressions', async (t) => {
  const cases: [string, string][] = [
    ["operatingSystem eq 'iOS'", "(eq operatingSystem 'iOS')"],
    [
      "operatingSystem eq 'iOS' and lastSyncDateTime gt 2024-01-01T00:00:00Z",
      "(and (eq operatingSystem 'iOS') (gt lastSyncDateTime 2024-01-01T00:00:00Z))",
    ],
    // and binds tighter than or; binary operators associate to the left
    ['a eq 1 or b eq 2 and c eq 3', '(or (eq a 1) (and (eq b 2) (eq c 3)))'],
    ['a eq 1 and b eq 2 and c eq 3', '(and (and (eq a 1) (eq b 2)) (eq c 3))'],
    ['a eq 1 or b eq 2 or c eq 3', '(or (or (eq a 1) (eq b 2)) (eq c 3))'],
    ['(a eq 1 or b eq 2) and c eq 3', '(and (or (eq a 1) (eq b 2)) (eq c 3))'],
    // not binds tighter than comparisons (OData operator precedence table)
    ['not isEncrypted', '(not isEncrypted)'],
    ['not isEncrypted eq true', '(eq (not isEncrypted) true)'],
    ['not (a eq 1)', '(not (eq a 1))'],
    ['not not a', '(not (not a))'],
    // relational binds tighter than equality
    ['a eq b gt c', '(eq a (gt b c))'],
    ['x ne null', '(ne x null)'],
    ['x le -2.5', '(le x -2.5)'],
    ['x lt 1e10', '(lt x 1e10)'],
    ["'iOS' eq operatingSystem", "(eq 'iOS' operatingSystem)"],
    ["contains(deviceName,'it''s')", "(contains deviceName 'it''s')"],
    ["startswith(deviceName, 'A') or endswith(deviceName,'z')", "(or (startswith deviceName 'A') (endswith deviceName 'z'))"],
    ["tolower(deviceName) eq 'abc'", "(eq (tolower deviceName) 'abc')"],
    ["contains(toupper(deviceName), 'X')", "(contains (toupper deviceName) 'X')"],
    ["not contains(deviceName,'x')", "(not (contains deviceName 'x'))"],
    ["complianceState eq microsoft.graph.complianceState'compliant'", "(eq complianceState microsoft.graph.complianceState'compliant')"],
    ['azureADDeviceId eq 3f2504e0-4f89-11d3-9a0c-0305e82c3301', '(eq azureADDeviceId 3f2504e0-4f89-11d3-9a0c-0305e82c3301)'],
    ['lastSyncDateTime ge 0001-01-01T00:00:00Z', '(ge lastSyncDateTime 0001-01-01T00:00:00Z)'],
    ['  (  ( a  eq  1 ) )  ', '(eq a 1)'],
    ['isEncrypted', 'isEncrypted'],
    ['true', 'true'],
    // in (OData 4.01): a primary operator, so it binds tighter than not, comparisons and and/or
    ["operatingSystem in ('iOS','Android')", "(in operatingSystem ('iOS' 'Android'))"],
    ["not operatingSystem in ( 'iOS' )", "(not (in operatingSystem ('iOS')))"],
    ["a in (1, 2) and b eq 3", '(and (in a (1 2)) (eq b 3))'],
    ["complianceState in (microsoft.graph.complianceState'compliant', 'error')", "(in complianceState (microsoft.graph.complianceState'compliant' 'error'))"],
    ["tolower(deviceName) in ('x')", "(in (tolower deviceName) ('x'))"],
  ];
  for (const [input, expected] of cases) t.equal(filterToString(parseFilter(input)), expected, input);
});

t.test('parser: invalid filters report the problem and its position', async (t) => {
  const cases: [string, string, number | undefined][] = [
    ['operatingSystem eq', "Syntax error at position 19 in 'operatingSystem eq'.", 19],
    ['', "Syntax error at position 1 in ''.", 1],
    ['   ', "Syntax error at position 4 in '   '.", 4],
    ['eq 1', "Syntax error at position 1 in 'eq 1'.", 1],
    ["a eq 'b' c", "Syntax error at position 10 in 'a eq 'b' c'.", 10],
    ['a eq 1 and', "Syntax error at position 11 in 'a eq 1 and'.", 11],
    ['a eq 1 and or b', "Syntax error at position 12 in 'a eq 1 and or b'.", 12],
    ['a eq 1)', "Syntax error at position 7 in 'a eq 1)'. Unbalanced ')'.", 7],
    ['(a eq 1', "')' or operator expected at position 8 in '(a eq 1'.", 8],
    ['()', "Syntax error at position 2 in '()'.", 2],
    ["x eq 'abc", "Unterminated string literal at position 6 in 'x eq 'abc'.", 6],
    ["x eq 'it''s", "Unterminated string literal at position 6 in 'x eq 'it''s'.", 6],
    ['x eq 12abc', "Syntax error at position 8 in 'x eq 12abc'.", 8],
    ['x eq -y', "Syntax error at position 6 in 'x eq -y'.", 6],
    ['x = 1', "Syntax error at position 3 in 'x = 1'.", 3],
    ['x eq "a"', `Syntax error at position 6 in 'x eq "a"'. String literals are enclosed in single quotes in OData.`, 6],
    ["deviceName EQ 'x'", "Syntax error at position 12 in 'deviceName EQ 'x''. Operators are case-sensitive in OData: use 'eq' instead of 'EQ'.", 12],
    ["(deviceName Eq 'x')", "Syntax error at position 13 in '(deviceName Eq 'x')'. Operators are case-sensitive in OData: use 'eq' instead of 'Eq'.", 13],
    ['NOT isEncrypted', "Syntax error at position 1 in 'NOT isEncrypted'. Operators are case-sensitive in OData: use 'not' instead of 'NOT'.", 1],
    ["a eq 1 AND b eq 2", "Syntax error at position 8 in 'a eq 1 AND b eq 2'. Operators are case-sensitive in OData: use 'and' instead of 'AND'.", 8],
    ['x eq 2024-13-01T00:00:00Z', "Unrecognized 'Edm.DateTimeOffset' literal '2024-13-01T00:00:00Z' at position 6 in 'x eq 2024-13-01T00:00:00Z'.", 6],
    ['x eq 2023-02-29T00:00:00Z', "Unrecognized 'Edm.DateTimeOffset' literal '2023-02-29T00:00:00Z' at position 6 in 'x eq 2023-02-29T00:00:00Z'.", 6],
    ['x eq 2024-01-01', "Unsupported Edm.Date literal '2024-01-01' at position 6 in 'x eq 2024-01-01'. Use a DateTimeOffset such as 2024-01-01T00:00:00Z.", 6],
    ["x eq duration'P1D'", "Unsupported literal prefix 'duration' at position 6 in 'x eq duration'P1D''.", 6],
    ["x has microsoft.graph.flags'a'", "The operator 'has' is not supported by intune-mock at position 3 in 'x has microsoft.graph.flags'a''.", 3],
    ["x in 'a'", "'(' expected at position 6 in 'x in 'a''. The list after 'in' is written ('a','b').", 6],
    ['x in ()', "Syntax error at position 7 in 'x in ()'.", 7],
    ["x in ('a' 'b')", "')' or ',' expected at position 11 in 'x in ('a' 'b')'.", 11],
    ["x in ('a', y)", "A literal expected at position 12 in 'x in ('a', y)'. The list after 'in' holds literals only.", 12],
    ["x IN ('a')", "Syntax error at position 3 in 'x IN ('a')'. Operators are case-sensitive in OData: use 'in' instead of 'IN'.", 3],
    ['x add 1 eq 2', "The operator 'add' is not supported by intune-mock at position 3 in 'x add 1 eq 2'.", 3],
    [
      'deviceActionResults/any(a:a/actionState eq 1)',
      "Property paths and lambda operators (any/all) are not supported by intune-mock at position 20 in 'deviceActionResults/any(a:a/actionState eq 1)'. Use a property of the entity itself, e.g. 'deviceActionResults eq …'.",
      20,
    ],
    [
      "hardwareInformation/serialNumber eq 'x'",
      "Property paths and lambda operators (any/all) are not supported by intune-mock at position 20 in 'hardwareInformation/serialNumber eq 'x''. Use a property of the entity itself, e.g. 'hardwareInformation eq …'.",
      20,
    ],
    [
      "microsoft.graph.managedDevice eq 'x'",
      "Qualified name 'microsoft.graph.managedDevice' is not supported by intune-mock at position 1 in 'microsoft.graph.managedDevice eq 'x''. Type casts and bound functions cannot be used in $filter.",
      1,
    ],
    ["foo(deviceName) eq 'x'", "Unknown function 'foo'.", undefined],
    ["Contains(deviceName,'x')", "Unknown function 'Contains'. Function names are case-sensitive: use 'contains'.", undefined],
    ['year(lastSyncDateTime) eq 2024', "The function 'year' is not supported by intune-mock.", undefined],
    [
      "contains(deviceName)",
      "No function signature for the function with name 'contains' matches the specified arguments. The function signatures considered are: contains(Edm.String, Edm.String).",
      undefined,
    ],
    [
      "tolower(a, 'b') eq 'c'",
      "No function signature for the function with name 'tolower' matches the specified arguments. The function signatures considered are: tolower(Edm.String).",
      undefined,
    ],
    ["contains(deviceName 'x')", "')' or ',' expected at position 21 in 'contains(deviceName 'x')'.", 21],
    ["contains(deviceName,'x'", "')' or ',' expected at position 24 in 'contains(deviceName,'x''.", 24],
  ];
  for (const [input, message, position] of cases) {
    t.throws(() => parseFilter(input), { name: 'ODataQueryError', message, position }, JSON.stringify(input));
  }
  const err = t.throws(() => parseFilter('a eq'));
  t.type(err, ODataQueryError);
});
