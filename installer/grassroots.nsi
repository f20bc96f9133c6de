; NSIS script for the Windows installer of 基层队伍管理系统 (Grassroots Desk).
; Built by installer/build-windows.sh with Debian's makensis (3.08, amd64-unicode); on Windows:
;   makensis /DVERSION=0.1.0 /DSRCDIR=dist\GrassrootsDesk /DOUTFILE=dist\GrassrootsDesk-0.1.0-setup.exe installer\grassroots.nsi
;
; Per-user install without administrator rights by default (%LOCALAPPDATA%\Programs\GrassrootsDesk); for all
; users (Program Files) when chosen on the first page or with /ALLUSERS, which asks for elevation.
; Silent: /S [/ALLUSERS | /CURRENTUSER] [/NODESKTOP] [/D=folder]. Uninstall silently: Uninstall.exe /S
; [/DELETEDATA]. The office's data (%LOCALAPPDATA%\GrassrootsDesk: the database and its backups) is never in
; the install folder: an upgrade or an uninstall leaves it alone unless the clerk ticks the box (or /DELETEDATA).

Unicode true
Target amd64-unicode
ManifestDPIAware true
SetCompressor /SOLID lzma
SetCompressorDictSize 32

!ifndef VERSION
  !error "makensis /DVERSION=x.y.z /DSRCDIR=... /DOUTFILE=..."
!endif
!define APPNAME "基层队伍管理系统"
!define APPKEY "GrassrootsDesk"
!define PUBLISHER "基层队伍管理系统"
!define UNINST_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APPKEY}"
!define MIN_BUILD 18362

Name "${APPNAME}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\${APPKEY}"
RequestExecutionLevel user
BrandingText "${APPNAME} ${VERSION}"
VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=2052 "ProductName" "${APPNAME}"
VIAddVersionKey /LANG=2052 "FileDescription" "${APPNAME} 安装程序"
VIAddVersionKey /LANG=2052 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=2052 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=2052 "LegalCopyright" "${PUBLISHER}"

!include "MUI2.nsh"
!include "LogicLib.nsh"
!include "nsDialogs.nsh"
!include "FileFunc.nsh"
!include "WinVer.nsh"
!include "x64.nsh"

Var AllUsers        ; 1: Program Files and HKLM; 0: this user only
Var WantDesktop         ; 1: a desktop shortcut
Var DataDir         ; %LOCALAPPDATA%\GrassrootsDesk of the user running (un)install
Var UserDir         ; %LOCALAPPDATA%\Programs\GrassrootsDesk: the per-user default install folder
Var DeleteData      ; uninstall: 1 when the clerk ticked "also delete the data"
Var DataFate        ; uninstall: what became of the data, said on the last page
Var ModeCurrent
Var ModeAll
Var DesktopBox
Var DeleteBox

!define MUI_ABORTWARNING
!define MUI_ABORTWARNING_TEXT "确定要退出${APPNAME}的安装吗？"
!define MUI_WELCOMEPAGE_TITLE "欢迎安装${APPNAME} ${VERSION}"
!define MUI_WELCOMEPAGE_TEXT "本程序将在这台电脑上安装${APPNAME}。$\r$\n$\r$\n\
系统要求：Windows 10 1903 版（内部版本 18362）或更新的 64 位 Windows（Windows 10、Windows 11）。\
更早的 Windows 缺少本软件需要的系统组件 ICU（icuuc.dll），无法运行。$\r$\n$\r$\n\
默认只为当前用户安装，不需要管理员权限。本单位的数据（数据库和备份）保存在$\r$\n$DataDir$\r$\n\
升级、重新安装或卸载程序都不会删除这些数据。$\r$\n$\r$\n$_CLICK"
!insertmacro MUI_PAGE_WELCOME
Page custom ModePage ModePageLeave
!insertmacro MUI_PAGE_INSTFILES
!define MUI_FINISHPAGE_TITLE "安装完成"
!define MUI_FINISHPAGE_TEXT "${APPNAME}已经安装好。开始菜单里可以找到“${APPNAME}”。$\r$\n$\r$\n\
第一次启动时会请您填写单位名称等几项设置；使用说明在程序的“帮助”菜单里。"
!define MUI_FINISHPAGE_RUN "$INSTDIR\${APPKEY}.exe"
!define MUI_FINISHPAGE_RUN_TEXT "现在启动${APPNAME}"
!insertmacro MUI_PAGE_FINISH

!define MUI_WELCOMEPAGE_TITLE "卸载${APPNAME}"
!define MUI_WELCOMEPAGE_TEXT "本程序将从这台电脑上删除${APPNAME}的程序文件。$\r$\n$\r$\n\
本单位的数据（数据库和全部备份）默认保留，重新安装后可以继续使用；下一页可以选择是否一并删除。$\r$\n$\r$\n\
卸载前请先关闭${APPNAME}。$\r$\n$\r$\n$_CLICK"
!insertmacro MUI_UNPAGE_WELCOME
UninstPage custom un.DataPage un.DataPageLeave
!insertmacro MUI_UNPAGE_INSTFILES
!define MUI_FINISHPAGE_TITLE "卸载完成"
!define MUI_FINISHPAGE_TEXT "${APPNAME}的程序文件已经删除。$\r$\n$\r$\n$DataFate"
!insertmacro MUI_UNPAGE_FINISH

!insertmacro MUI_LANGUAGE "SimpChinese"

; --- installer ---------------------------------------------------------------------------------------------

Function .onInit
  ${IfNot} ${RunningX64}
  ${OrIfNot} ${AtLeastWin10}
  ${OrIfNot} ${AtLeastBuild} ${MIN_BUILD}
    MessageBox MB_ICONSTOP "${APPNAME}需要 64 位的 Windows 10 1903 版（内部版本 18362）或更新的 Windows。$\r$\n\
这台电脑的 Windows 版本过旧，无法安装。" /SD IDOK
    Abort
  ${EndIf}
  SetRegView 64
  SetShellVarContext current
  StrCpy $DataDir "$LOCALAPPDATA\${APPKEY}"
  StrCpy $UserDir "$LOCALAPPDATA\Programs\${APPKEY}"
  StrCpy $WantDesktop 1
  StrCpy $AllUsers 0
  ; An earlier install decides the mode and the folder, so that an upgrade lands on top of it.
  ReadRegStr $0 HKLM "${UNINST_KEY}" "InstallLocation"
  ${If} $0 != ""
    StrCpy $AllUsers 1
    StrCpy $INSTDIR $0
  ${EndIf}
  ReadRegStr $0 HKCU "${UNINST_KEY}" "InstallLocation"
  ${If} $0 != ""
    StrCpy $AllUsers 0
    StrCpy $INSTDIR $0
  ${EndIf}
  ${GetParameters} $R0
  ClearErrors
  ${GetOptions} $R0 "/ALLUSERS" $1
  ${IfNot} ${Errors}
    StrCpy $AllUsers 1
  ${EndIf}
  ClearErrors
  ${GetOptions} $R0 "/CURRENTUSER" $1
  ${IfNot} ${Errors}
    StrCpy $AllUsers 0
  ${EndIf}
  ClearErrors
  ${GetOptions} $R0 "/NODESKTOP" $1
  ${IfNot} ${Errors}
    StrCpy $WantDesktop 0
  ${EndIf}
  ${If} ${Silent}
    Call ApplyMode
  ${EndIf}
FunctionEnd

Function IsAdmin  ; $0 = 1 when this process runs elevated
  UserInfo::GetAccountType
  Pop $0
  ${If} $0 == "Admin"
    StrCpy $0 1
  ${Else}
    StrCpy $0 0
  ${EndIf}
FunctionEnd

Function ApplyMode
  ${If} $AllUsers == 1
    Call IsAdmin
    ${If} $0 != 1
      ; Start again elevated (Windows asks for an administrator); this copy ends.
      ${GetParameters} $R0
      ExecShell "runas" "$EXEPATH" "$R0 /ALLUSERS"
      Quit
    ${EndIf}
    SetShellVarContext all
    ReadRegStr $0 HKLM "${UNINST_KEY}" "InstallLocation"
    ${If} $0 != ""
      StrCpy $INSTDIR $0
    ${ElseIf} $INSTDIR == $UserDir
      StrCpy $INSTDIR "$PROGRAMFILES64\${APPKEY}"
    ${EndIf}
  ${Else}
    SetShellVarContext current
    ${If} $INSTDIR == "$PROGRAMFILES64\${APPKEY}"  ; chose all users, went back, chose this user
      StrCpy $INSTDIR $UserDir
    ${EndIf}
  ${EndIf}
FunctionEnd

Function ModePage
  !insertmacro MUI_HEADER_TEXT "安装方式" "选择为谁安装${APPNAME}。"
  nsDialogs::Create 1018
  Pop $0
  ${NSD_CreateRadioButton} 0 0 100% 14u "仅为我安装（推荐，不需要管理员权限）"
  Pop $ModeCurrent
  ${NSD_CreateLabel} 14u 15u -14u 20u "安装到 $LOCALAPPDATA\Programs\${APPKEY}"
  Pop $0
  ${NSD_CreateRadioButton} 0 40u 100% 14u "为这台电脑的所有用户安装（需要管理员权限）"
  Pop $ModeAll
  ${NSD_CreateLabel} 14u 55u -14u 20u "安装到 $PROGRAMFILES64\${APPKEY}；每个用户的数据仍各自保存在自己的文件夹里。"
  Pop $0
  ${NSD_CreateCheckBox} 0 85u 100% 14u "在桌面上创建快捷方式“${APPNAME}”"
  Pop $DesktopBox
  ${If} $AllUsers == 1
    ${NSD_Check} $ModeAll
  ${Else}
    ${NSD_Check} $ModeCurrent
  ${EndIf}
  ${If} $WantDesktop == 1
    ${NSD_Check} $DesktopBox
  ${EndIf}
  nsDialogs::Show
FunctionEnd

Function ModePageLeave
  ${NSD_GetState} $ModeAll $0
  ${If} $0 == ${BST_CHECKED}
    StrCpy $AllUsers 1
  ${Else}
    StrCpy $AllUsers 0
  ${EndIf}
  ${NSD_GetState} $DesktopBox $0
  ${If} $0 == ${BST_CHECKED}
    StrCpy $WantDesktop 1
  ${Else}
    StrCpy $WantDesktop 0
  ${EndIf}
  Call ApplyMode
FunctionEnd

Function RemoveOldProgram  ; an upgrade: the running program must be closed, and the old files go first
  ${Do}
    ClearErrors
    ${If} ${FileExists} "$INSTDIR\${APPKEY}.exe"
      Delete "$INSTDIR\${APPKEY}.exe"
    ${EndIf}
    ${If} ${FileExists} "$INSTDIR\grassroots.exe"
      Delete "$INSTDIR\grassroots.exe"
    ${EndIf}
    ${IfNot} ${Errors}
      ${Break}
    ${EndIf}
    MessageBox MB_RETRYCANCEL|MB_ICONEXCLAMATION "${APPNAME}正在运行。请先关闭它（数据会自动保存），然后点“重试”。" /SD IDCANCEL IDRETRY +2
    Abort "${APPNAME}正在运行，安装已取消。"
  ${Loop}
  RMDir /r "$INSTDIR\_internal"
FunctionEnd

Section "install"
  SetRegView 64
  SetOutPath "$INSTDIR"
  Call RemoveOldProgram
  File /r "${SRCDIR}\*.*"
  WriteUninstaller "$INSTDIR\Uninstall.exe"

  CreateShortcut "$SMPROGRAMS\${APPNAME}.lnk" "$INSTDIR\${APPKEY}.exe" "" "$INSTDIR\${APPKEY}.exe" 0
  ${If} $WantDesktop == 1
    CreateShortcut "$DESKTOP\${APPNAME}.lnk" "$INSTDIR\${APPKEY}.exe" "" "$INSTDIR\${APPKEY}.exe" 0
  ${EndIf}

  ${If} $AllUsers == 1
    StrCpy $1 HKLM
  ${Else}
    StrCpy $1 HKCU
  ${EndIf}
  ${GetSize} "$INSTDIR" "/S=0K" $2 $3 $4
  ${If} $AllUsers == 1
    WriteRegStr HKLM "${UNINST_KEY}" "DisplayName" "${APPNAME}"
    WriteRegStr HKLM "${UNINST_KEY}" "DisplayVersion" "${VERSION}"
    WriteRegStr HKLM "${UNINST_KEY}" "Publisher" "${PUBLISHER}"
    WriteRegStr HKLM "${UNINST_KEY}" "DisplayIcon" "$INSTDIR\${APPKEY}.exe"
    WriteRegStr HKLM "${UNINST_KEY}" "InstallLocation" "$INSTDIR"
    WriteRegStr HKLM "${UNINST_KEY}" "UninstallString" '"$INSTDIR\Uninstall.exe"'
    WriteRegStr HKLM "${UNINST_KEY}" "QuietUninstallString" '"$INSTDIR\Uninstall.exe" /S'
    WriteRegDWORD HKLM "${UNINST_KEY}" "NoModify" 1
    WriteRegDWORD HKLM "${UNINST_KEY}" "NoRepair" 1
    WriteRegDWORD HKLM "${UNINST_KEY}" "EstimatedSize" $2
  ${Else}
    WriteRegStr HKCU "${UNINST_KEY}" "DisplayName" "${APPNAME}"
    WriteRegStr HKCU "${UNINST_KEY}" "DisplayVersion" "${VERSION}"
    WriteRegStr HKCU "${UNINST_KEY}" "Publisher" "${PUBLISHER}"
    WriteRegStr HKCU "${UNINST_KEY}" "DisplayIcon" "$INSTDIR\${APPKEY}.exe"
    WriteRegStr HKCU "${UNINST_KEY}" "InstallLocation" "$INSTDIR"
    WriteRegStr HKCU "${UNINST_KEY}" "UninstallString" '"$INSTDIR\Uninstall.exe"'
    WriteRegStr HKCU "${UNINST_KEY}" "QuietUninstallString" '"$INSTDIR\Uninstall.exe" /S'
    WriteRegDWORD HKCU "${UNINST_KEY}" "NoModify" 1
    WriteRegDWORD HKCU "${UNINST_KEY}" "NoRepair" 1
    WriteRegDWORD HKCU "${UNINST_KEY}" "EstimatedSize" $2
  ${EndIf}
SectionEnd

; --- uninstaller -------------------------------------------------------------------------------------------

Function un.onInit
  SetRegView 64
  SetShellVarContext current
  StrCpy $DataDir "$LOCALAPPDATA\${APPKEY}"
  StrCpy $DeleteData 0
  ${GetParameters} $R0
  ClearErrors
  ${GetOptions} $R0 "/DELETEDATA" $1
  ${IfNot} ${Errors}
    StrCpy $DeleteData 1
  ${EndIf}
  StrCpy $AllUsers 0
  ReadRegStr $0 HKLM "${UNINST_KEY}" "InstallLocation"
  ${If} $0 == $INSTDIR
    StrCpy $AllUsers 1
    Call un.IsAdmin
    ${If} $0 != 1
      ExecShell "runas" "$EXEPATH" "$R0"
      Quit
    ${EndIf}
  ${EndIf}
FunctionEnd

Function un.IsAdmin
  UserInfo::GetAccountType
  Pop $0
  ${If} $0 == "Admin"
    StrCpy $0 1
  ${Else}
    StrCpy $0 0
  ${EndIf}
FunctionEnd

Function un.DataPage
  !insertmacro MUI_HEADER_TEXT "本单位的数据" "选择是否保留数据库和备份。"
  nsDialogs::Create 1018
  Pop $0
  ${NSD_CreateLabel} 0 0 100% 36u "本单位的数据库和全部自动备份保存在：$\r$\n$DataDir$\r$\n\
默认保留。重新安装${APPNAME}后，数据会原样出现。"
  Pop $0
  ${NSD_CreateCheckBox} 0 44u 100% 14u "同时删除本单位的全部数据（数据库和全部备份，无法恢复）"
  Pop $DeleteBox
  ${NSD_CreateLabel} 14u 60u -14u 30u "只有在不再使用本软件、并且已经另外保存过需要的数据时才勾选。\
另存到U盘等处的备份不受影响。"
  Pop $0
  nsDialogs::Show
FunctionEnd

Function un.DataPageLeave
  ${NSD_GetState} $DeleteBox $0
  ${If} $0 == ${BST_CHECKED}
    MessageBox MB_YESNO|MB_ICONEXCLAMATION|MB_DEFBUTTON2 "确定要删除本单位的全部数据吗？$\r$\n$DataDir$\r$\n删除后无法恢复。" IDYES +2
    Abort
    StrCpy $DeleteData 1
  ${Else}
    StrCpy $DeleteData 0
  ${EndIf}
FunctionEnd

Section "uninstall"
  SetRegView 64
  ${Do}
    ClearErrors
    ${If} ${FileExists} "$INSTDIR\${APPKEY}.exe"
      Delete "$INSTDIR\${APPKEY}.exe"
    ${EndIf}
    ${IfNot} ${Errors}
      ${Break}
    ${EndIf}
    MessageBox MB_RETRYCANCEL|MB_ICONEXCLAMATION "${APPNAME}正在运行。请先关闭它，然后点“重试”。" /SD IDCANCEL IDRETRY +2
    Abort "${APPNAME}正在运行，卸载已取消。"
  ${Loop}
  Delete "$INSTDIR\grassroots.exe"
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\Uninstall.exe"
  RMDir "$INSTDIR"  ; only when empty: a folder the user chose may hold other things

  ${If} $AllUsers == 1
    SetShellVarContext all
    DeleteRegKey HKLM "${UNINST_KEY}"
  ${Else}
    DeleteRegKey HKCU "${UNINST_KEY}"
  ${EndIf}
  Delete "$SMPROGRAMS\${APPNAME}.lnk"
  Delete "$DESKTOP\${APPNAME}.lnk"
  SetShellVarContext current

  ${If} $DeleteData == 1
    RMDir /r "$DataDir"
    DeleteRegKey HKCU "Software\${APPKEY}"  ; Qt's window settings
    StrCpy $DataFate "本单位的数据已按您的选择删除：$\r$\n$DataDir"
    DetailPrint "已删除本单位的数据：$DataDir"
  ${Else}
    StrCpy $DataFate "本单位的数据（数据库和全部备份）已保留在：$\r$\n$DataDir$\r$\n重新安装后可以继续使用。"
    DetailPrint "本单位的数据已保留：$DataDir"
  ${EndIf}
SectionEnd
