@echo off
rem セミナー資料: 登録したセミナーの配布資料・回答用紙・入力用ファイルを
rem 「出力」フォルダに作ります。
pushd "%~dp0"
if not exist "出力" mkdir "出力"
shindan.exe seminar kit --out "出力"
if not errorlevel 1 start "" explorer "%~dp0出力"
popd
pause
