; Inno Setup 6 script for 基层队伍管理系统 (Grassroots Desk).
; Build the program first (pyinstaller --noconfirm installer/grassroots.spec → dist\GrassrootsDesk\), then run
;   iscc installer\grassroots.iss
; from the repository root. The installer lands in dist\installer\. See installer\README.md.
;
; Chinese (Simplified) installer messages: ChineseSimplified.isl has long been an unofficial translation that
; the Inno Setup 6 installer does not put in its Languages folder. Get it from the Inno Setup translations page
; (jrsoftware.org/files/istrans/ → Chinese (Simplified); the same file is in the Inno Setup source repository,
; issrc, under Files/Languages/Unofficial/) and copy it into the compiler's Languages folder, e.g.
; C:\Program Files (x86)\Inno Setup 6\Languages\. When it is missing, the #ifexist in [Languages] falls back to
; English wizard messages; the shortcuts and the messages written in this script stay Chinese either way.
; This file is UTF-8 with a BOM (Inno Setup 6.3+ reads UTF-8 without one too); 6.3 or later is needed
; for ArchitecturesAllowed=x64compatible.

#define AppName "基层队伍管理系统"
#define AppId "GrassrootsDesk"
#define AppExe "GrassrootsDesk.exe"
#define AppPublisher "基层队伍管理系统"
#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define SourceDir "..\dist\GrassrootsDesk"

[Setup]
; The AppId identifies the program for upgrades and uninstall: never change it once released.
AppId={{6F0C3C2A-8D4B-4C71-9E0B-5A7E2B1D9C41}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppPublisher}
DefaultDirName={autopf}\{#AppId}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
; Per-user or for all users: the user chooses (installing for all users needs administrator rights).
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog commandline
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir=..\dist\installer
OutputBaseFilename=GrassrootsDesk-{#AppVersion}-setup
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
; The program must not be running while files are replaced or removed.
CloseApplications=yes
RestartApplications=no

[Languages]
#ifexist AddBackslash(CompilerPath) + "Languages\ChineseSimplified.isl"
Name: "chinesesimp"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"
#else
  #pragma message "ChineseSimplified.isl not found in the Inno Setup Languages folder: installer messages will be English"
Name: "english"; MessagesFile: "compiler:Default.isl"
#endif

[Tasks]
Name: "desktopicon"; Description: "在桌面创建快捷方式"; GroupDescription: "附加快捷方式:"; Flags: unchecked

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "立即运行{#AppName}"; Flags: nowait postinstall skipifsilent

[Code]
{ The database, its backups (备份 folder) and the settings live in the user's data folder,
  %LOCALAPPDATA%\GrassrootsDesk (app/paths.py: platformdirs user_data_dir, not roaming), never in the install
  folder. Uninstalling removes the program only; this says so before and after, and where the data is. }

function DataFolder(): String;
begin
  Result := ExpandConstant('{localappdata}\GrassrootsDesk');
end;

function InitializeUninstall(): Boolean;
begin
  Result := True;
  if not UninstallSilent() then
    Result := MsgBox('将卸载基层队伍管理系统程序。' + #13#10#13#10 +
      '您的数据库和备份不会被删除，仍保存在：' + #13#10 + DataFolder() + #13#10#13#10 +
      '重新安装后可以继续使用这些数据。是否继续卸载？',
      mbConfirmation, MB_YESNO) = IDYES;
end;

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  if (CurUninstallStep = usPostUninstall) and (not UninstallSilent()) and DirExists(DataFolder()) then
    MsgBox('程序已卸载。数据库和备份已保留在：' + #13#10 + DataFolder() + #13#10#13#10 +
      '如确定不再需要，可手动删除该文件夹（请先复制一份备份到U盘）。', mbInformation, MB_OK);
end;
