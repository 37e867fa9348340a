<#
.SYNOPSIS
Installs actionplan on Windows from a GitHub release of this repository.

.DESCRIPTION
Downloads actionplan-x86_64-pc-windows-msvc.zip and the release's SHA256SUMS,
refuses the archive unless its SHA-256 is the one listed, puts actionplan.exe
in a folder, and adds that folder to the user's PATH (unless -NoPathChange).

  powershell -ExecutionPolicy Bypass -c "irm https://github.com/OWNER/actionplan/releases/latest/download/install.ps1 | iex"
  .\install.ps1 -Version v0.2.0 -To C:\Tools\actionplan

When the script is piped into iex, give the options as environment
variables instead: ACTIONPLAN_VERSION, ACTIONPLAN_INSTALL_DIR,
ACTIONPLAN_REPOSITORY. ACTIONPLAN_DOWNLOAD_URL, if set, is the address of the
release's files instead of GitHub's (a mirror).

.PARAMETER Version
The release to install, such as v0.2.0. Default: the latest release.

.PARAMETER To
The folder to put actionplan.exe in. Default: %LOCALAPPDATA%\Programs\actionplan.

.PARAMETER Repository
The repository the release is in, as OWNER/NAME.

.PARAMETER NoPathChange
Leave the user's PATH as it is.
#>
param(
    [string]$Version = $(if ($env:ACTIONPLAN_VERSION) { $env:ACTIONPLAN_VERSION } else { 'latest' }),
    [string]$To = $(if ($env:ACTIONPLAN_INSTALL_DIR) { $env:ACTIONPLAN_INSTALL_DIR } else { Join-Path $env:LOCALAPPDATA 'Programs\actionplan' }),
    [string]$Repository = $(if ($env:ACTIONPLAN_REPOSITORY) { $env:ACTIONPLAN_REPOSITORY } else { 'OWNER/actionplan' }),
    [switch]$NoPathChange
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
# Windows PowerShell 5.1 draws a slow progress bar for every download.
$ProgressPreference = 'SilentlyContinue'

# Windows on ARM runs the x86_64 build.
$Target = 'x86_64-pc-windows-msvc'
$Archive = "actionplan-$Target.zip"

if ($env:ACTIONPLAN_DOWNLOAD_URL) {
    $Base = $env:ACTIONPLAN_DOWNLOAD_URL
} elseif ($Version -eq 'latest') {
    $Base = "https://github.com/$Repository/releases/latest/download"
} else {
    $Base = "https://github.com/$Repository/releases/download/$Version"
}
if (-not ($Base -like 'https://*' -or $Base -like 'file:///*')) {
    throw "$Base is not an https:// (or file:///) address; actionplan is downloaded only over https"
}

$Work = Join-Path ([System.IO.Path]::GetTempPath()) ("actionplan-" + [System.Guid]::NewGuid())
New-Item -ItemType Directory -Path $Work | Out-Null
try {
    Write-Host "downloading $Archive ($Version) from $Base"
    [Net.ServicePointManager]::SecurityProtocol = [Net.ServicePointManager]::SecurityProtocol -bor [Net.SecurityProtocolType]::Tls12
    $ArchivePath = Join-Path $Work $Archive
    $SumsPath = Join-Path $Work 'SHA256SUMS'
    try {
        Invoke-WebRequest -UseBasicParsing -Uri "$Base/$Archive" -OutFile $ArchivePath
        Invoke-WebRequest -UseBasicParsing -Uri "$Base/SHA256SUMS" -OutFile $SumsPath
    } catch {
        throw "could not download from ${Base}: is $Version a release of $Repository? ($_)"
    }

    $Expected = $null
    foreach ($Line in Get-Content -Path $SumsPath) {
        $Fields = $Line -split '\s+', 2
        if ($Fields.Count -eq 2 -and $Fields[1].TrimStart('*') -eq $Archive) {
            $Expected = $Fields[0].ToLowerInvariant()
            break
        }
    }
    if (-not $Expected) {
        throw "SHA256SUMS does not list $Archive; nothing was installed"
    }
    $Actual = (Get-FileHash -Algorithm SHA256 -Path $ArchivePath).Hash.ToLowerInvariant()
    if ($Actual -ne $Expected) {
        throw "the SHA-256 of $Archive is $Actual, but SHA256SUMS says $Expected; the download is damaged or not the release's, and nothing was installed"
    }

    $Unpacked = Join-Path $Work 'unpacked'
    Expand-Archive -Path $ArchivePath -DestinationPath $Unpacked
    $Built = Join-Path $Unpacked "actionplan-$Target\actionplan.exe"
    if (-not (Test-Path -PathType Leaf $Built)) {
        throw "$Archive does not hold actionplan-$Target\actionplan.exe; nothing was installed"
    }

    New-Item -ItemType Directory -Force -Path $To | Out-Null
    Copy-Item -Force -Path $Built -Destination (Join-Path $To 'actionplan.exe')
    $Installed = & (Join-Path $To 'actionplan.exe') --version
    Write-Host "installed $Installed in $To"

    $UserPath = [Environment]::GetEnvironmentVariable('Path', 'User')
    $Folders = @($UserPath -split ';' | Where-Object { $_ })
    if ($Folders -notcontains $To) {
        if ($NoPathChange) {
            Write-Host "$To is not on your PATH: add it to run actionplan by name"
        } else {
            [Environment]::SetEnvironmentVariable('Path', (($Folders + $To) -join ';'), 'User')
            Write-Host "added $To to your PATH: open a new terminal to run actionplan by name"
        }
    }
} finally {
    Remove-Item -Recurse -Force -Path $Work -ErrorAction SilentlyContinue
}
