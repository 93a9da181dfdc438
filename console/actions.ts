/**
 * What the Intune admin center calls each remote action on a device's page (its buttons' names), by the
 * catalog's action name (src/domain/actions/catalog.ts; test/unit/readme-actions.test.ts checks there is one per catalog action).
 * https://learn.microsoft.com/en-us/intune/intune-service/remote-actions/device-management
 */
export const ACTION_TITLES: Readonly<Record<string, string>> = {
  resetPasscode: 'Reset passcode',
  retire: 'Retire',
  wipe: 'Wipe',
  syncDevice: 'Sync',
  rebootNow: 'Restart',
  shutDown: 'Shut down',
  remoteLock: 'Remote lock',
  enableLostMode: 'Enable lost mode',
  disableLostMode: 'Disable lost mode',
  playLostModeSound: 'Play lost mode sound',
  locateDevice: 'Locate device',
  bypassActivationLock: 'Disable Activation Lock',
  logoutSharedAppleDeviceActiveUser: 'Log out current user',
  deleteUserFromSharedAppleDevice: 'Delete user',
  cleanWindowsDevice: 'Fresh start',
  windowsDefenderScan: 'Antivirus scan',
  windowsDefenderUpdateSignatures: 'Update Windows Defender security intelligence',
  rotateBitLockerKeys: 'BitLocker key rotation',
  rotateLocalAdminPassword: 'Rotate local admin password',
  pauseConfigurationRefresh: 'Pause config refresh',
  updateWindowsDeviceAccount: 'Update device account',
  recoverPasscode: 'Recover passcode',
  requestRemoteAssistance: 'New remote assistance session',
  setDeviceName: 'Rename device',
  sendCustomNotificationToCompanyPortal: 'Send custom notification',
  rotateFileVaultKey: 'Rotate FileVault key',
};

/** The button's name: the admin center's, or the action's own name for one the console does not know yet. */
export const actionTitle = (name: string): string => ACTION_TITLES[name] ?? name;
