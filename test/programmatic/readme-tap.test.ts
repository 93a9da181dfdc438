// The README's tap example, as written there (keep the two in step).
import t from 'tap';
import { startMock } from 'intune-mock';

// Code under test: lists devices, honouring Graph's Retry-After on 429.
async function listDevices(graphUrl: string, token: string): Promise<string[]> {
  for (;;) {
    const res = await fetch(`${graphUrl}/v1.0/deviceManagement/managedDevices?$select=id`, { headers: { authorization: `Bearer ${token}` } });
    if (res.status === 429) {
      await new Promise((r) => setTimeout(r, 1000 * Number(res.headers.get('retry-after') ?? 1)));
      continue;
    }
    const body = (await res.json()) as { value: Array<{ id: string }> };
    return body.value.map((d) => d.id);
  }
}

const mock = await startMock();
t.teardown(() => mock.close());

t.test('retries a throttled list', async (t) => {
  const api = mock.client.forTenant(`job-${process.pid}-retries`); // a tenant of its own
  await api.loadFixture({ devices: [{ id: 'dev-1', operatingSystem: 'iOS' }, { id: 'dev-2', operatingSystem: 'Android' }] });
  await api.addFault({ method: 'GET', path: '/v1.0/deviceManagement/managedDevices', status: 429, retryAfterSeconds: 0, times: 2 });
  const { access_token } = await api.token({ roles: ['DeviceManagementManagedDevices.Read.All'] });

  t.same(await listDevices(mock.url, access_token), ['dev-1', 'dev-2']);

  const { requests } = await api.requests({ path: '/v1.0/deviceManagement/managedDevices' });
  t.same(requests.map((r) => r.status), [429, 429, 200]);
  t.equal(requests[0]?.headers.authorization, 'Bearer <redacted>');
  await api.reset(); // nothing left over for the next test
});
