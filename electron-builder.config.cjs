// Installers (`npm run dist`, on a build machine with internet): AppImage and deb for Linux, NSIS for Windows.
// Fuses are flipped at package time so a shipped binary cannot be turned into a general Node runtime.
/** @type {import('electron-builder').Configuration} */
module.exports = {
  appId: 'org.waymark.workstation',
  productName: 'Waymark',
  directories: { output: 'release', buildResources: 'resources' },
  files: ['out/**/*', 'package.json', '!**/*.map'],
  asar: true,
  asarUnpack: [],
  electronFuses: {
    runAsNode: false,
    enableCookieEncryption: true,
    enableNodeOptionsEnvironmentVariable: false,
    enableNodeCliInspectArguments: false,
    enableEmbeddedAsarIntegrityValidation: true,
    onlyLoadAppFromAsar: true,
    grantFileProtocolExtraPrivileges: false
  },
  publish: null,
  linux: {
    target: ['AppImage', 'deb'],
    category: 'Office',
    maintainer: 'Waymark maintainers'
  },
  deb: { depends: ['libnss3', 'libgtk-3-0', 'libxss1', 'libasound2'] },
  win: { target: ['nsis'] },
  nsis: { oneClick: false, perMachine: true, allowToChangeInstallationDirectory: true }
}
